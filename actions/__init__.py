"""Custom actions of the clinic assistant and the pure helpers they are built on."""
