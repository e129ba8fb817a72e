"""`eventmill serve`: the HTTP API and the dashboard over a store (see app.create_app)."""
