from eventmill.cli import main

raise SystemExit(main())
