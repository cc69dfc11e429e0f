"""How a delivery leaves: by SMTP or by signed HTTP POST. Each sender answers an Outcome and never raises
for a receiver's failure, so the worker records every attempt the same way."""
