/* The widget page (registry:embed) inside a website's frame: tells the host page's
 * script (embed.js) its height whenever it changes, so that the frame fits it. The
 * frame's name (set by embed.js) says which widget on the host page this is. Only a
 * height and the page's title are posted, both public, so any parent may read them.
 */
(function () {
  "use strict";

  if (window.parent === window) {
    return;
  }
  var last = -1;

  function post() {
    // The root element's own height: the content's, not the frame's (which
    // scrollHeight would never go below, so the frame could grow but not shrink).
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) {
      return;
    }
    last = height;
    window.parent.postMessage({
      type: "socialekonomi-widget:height",
      widget: window.name,
      height: height,
      title: document.title
    }, "*");
  }

  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.documentElement);
  }
  window.addEventListener("load", post);
  post();
})();
