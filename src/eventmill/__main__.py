from eventmill.cli import main

if __name__ == "__main__":  # guarded: Dask's spawned worker processes import this module
    raise SystemExit(main())
