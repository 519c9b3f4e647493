"""The indicator planner: a body's index from its indicator levels, and the fewest raises that
reach a target (the open counterpart of West Java's Digital Service Living Lab). Weights come from
the methods file (`spbe.domain.methods`); docs/planner.md says where they come from and how far to trust them."""
