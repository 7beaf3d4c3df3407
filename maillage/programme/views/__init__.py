"""The programme's pages. Views are thin: resolve the territory, check with the access
engine, call a selector or a service, render (htmx requests get partials)."""
