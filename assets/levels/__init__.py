"""Indicator levels bodies supply (the planner's table). Not under `assets/sources/`: spbe_index is
built from the sources there, and levels are no input of it."""
