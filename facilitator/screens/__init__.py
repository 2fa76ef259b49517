"""One module per screen. Screens reach the store only through its methods, in workers."""
