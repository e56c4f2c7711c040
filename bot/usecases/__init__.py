"""Use cases: short functions over a unit of work, one per thing a member or admin can do."""
