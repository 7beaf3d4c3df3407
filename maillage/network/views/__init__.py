"""Pages of the réseau. Views resolve the territory, check access, call a selector or a
service, and render; invalid forms re-render with status 400; htmx gets partials.

One module per subdomain: search, records (services, contact points, procedures),
freshness, exchange (imports, exports), guide, cooperation."""
