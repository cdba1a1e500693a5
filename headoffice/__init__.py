"""Head office: central catalogue, device enrolment, sync endpoints, dashboard."""
