"""Warehouse tables built from validated facts: spbe_index, conflicts, targets."""
