"""The HTTP edge: problem details, authentication, middleware and the API routes."""
