"""Application service: providers and their API clients, areas, applications, authorisations, tokens."""
