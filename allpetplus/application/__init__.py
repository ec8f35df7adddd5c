"""Use-cases that span several domains, one function each, called alike by states, REST routes and jobs."""
