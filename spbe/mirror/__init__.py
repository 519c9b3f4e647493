"""The local mirror: a synthetic, realistic snapshot of the publishers for the demo and the tests."""
