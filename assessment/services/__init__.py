"""State-changing operations, named by verb; they flush, and the caller commits once."""
