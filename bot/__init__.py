"""The clinic assistant's web app: chat gateway, widget, appointments API, staff console."""
