"""`guidepress preview`: the outputs in the browser, rebuilt and reloaded on every save.

`files` decides which file a URL may read; `views` what a page shows (pure); `page` makes the
pages; `live` keeps the state current after each build; `app` answers a request; `server`
runs the HTTP server and the watch, and stops both on Ctrl-C.
"""

from guidepress.preview.server import Options, Preview, listening, running, serve

__all__ = ["Options", "Preview", "listening", "running", "serve"]
