"""Help-request data sections of the data files (topics, teams, emergency routes, urgency terms)."""
