"""The campaign web application (Django).  Its apps follow the domain: units (the
organisation tree), accounts (people and roles), campaigns, submissions, audit.
Views stay thin; the domain logic lives in plain functions beside the models."""
