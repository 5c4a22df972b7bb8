"""When: the calendar (dates and weekdays in three languages), the event date, the embargo."""
