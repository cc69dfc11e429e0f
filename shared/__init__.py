"""Code that more than one kundval-portal service needs: settings, database, messaging, auth, HTTP."""
