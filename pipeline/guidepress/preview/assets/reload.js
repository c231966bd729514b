// Reloads the page when the preview server says what it shows has changed.
(() => {
  const root = document.documentElement;
  const shown = root.dataset.stamp;
  const events = new EventSource(root.dataset.events);
  events.addEventListener("message", (event) => {
    if (event.data !== shown) {
      events.close();
      location.reload();
    }
  });
})();
