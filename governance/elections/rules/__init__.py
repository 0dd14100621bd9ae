"""Pure rules of elections: when each phase runs, how many seats are reserved."""
