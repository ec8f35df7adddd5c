"""Private documents: rabies certificates, spay/neuter proof and vaccination certificates, shown only to their
owner and staff through short-lived signed links, and deleted with the records that use them."""
