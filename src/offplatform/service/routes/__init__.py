"""One router per resource family; handlers are thin (the work is in the service modules)."""
