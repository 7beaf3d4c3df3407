"""The governance API's endpoints, one module per subdomain (bodies, meetings, records,
decisions); ``governance.api`` assembles their routers into the app's router.
"""
