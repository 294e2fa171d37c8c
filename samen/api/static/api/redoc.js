// Starts Redoc on the API's reference page; the document's address comes from the page, so
// the page itself needs no inline script (Content-Security-Policy: script-src 'self').
(function () {
  var container = document.getElementById("redoc-container");
  Redoc.init(container.dataset.schemaUrl, JSON.parse(container.dataset.settings || "{}"), container);
})();
