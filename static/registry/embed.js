/* The social economy register's directory on another website (the host page).
 *
 *   <div data-socialekonomi-widget data-municipality="1814" data-kind="association"
 *        data-lang="sv" data-title="…"></div>
 *   <script src="https://<portal>/static/registry/embed.js" async></script>
 *
 * Each such element gets an iframe of the portal's widget page (registry:embed,
 * /inbaddning/<code>/), which posts its height (embed-frame.js); the frame follows it.
 * Messages count only from the portal's origin (this script's own) and from that very
 * frame. The website must be in the portal's EMBED_ALLOWED_ORIGINS, or the browser
 * refuses to show the frame.
 */
(function () {
  "use strict";

  var script = document.currentScript ||
    document.querySelector('script[src*="/registry/embed.js"]');
  if (!script || !script.src) {
    return;
  }
  var portal = new URL(script.src);
  var MESSAGE = "socialekonomi-widget:height";
  var MIN_HEIGHT = 150;
  var MAX_HEIGHT = 20000;
  var frames = {};
  var count = 0;

  function widgetUrl(element) {
    // registry:embed's path; a language prefix is not needed: lang says it.
    var code = (element.getAttribute("data-municipality") || "").trim();
    if (!/^\d{4}$/.test(code)) {
      return null;
    }
    var url = new URL("/inbaddning/" + code + "/", portal.origin);
    var kind = (element.getAttribute("data-kind") || "").trim();
    var lang = (element.getAttribute("data-lang") || "").trim();
    if (kind) {
      url.searchParams.set("kind", kind);
    }
    if (lang) {
      url.searchParams.set("lang", lang);
    }
    return url.href;
  }

  function mount(element) {
    if (element.hasAttribute("data-socialekonomi-widget-ready")) {
      return;
    }
    var src = widgetUrl(element);
    if (!src) {
      return;
    }
    element.setAttribute("data-socialekonomi-widget-ready", "");
    count += 1;
    var frame = document.createElement("iframe");
    frame.name = "socialekonomi-widget-" + count;
    frame.src = src;
    frame.title = element.getAttribute("data-title") || element.textContent.trim() ||
      "Socialekonomiska registret";
    frame.loading = "lazy";
    frame.style.width = "100%";
    frame.style.height = "600px";
    frame.style.border = "0";
    frame.style.display = "block";
    frames[frame.name] = frame;
    element.textContent = "";
    element.appendChild(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== portal.origin) {
      return;
    }
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== MESSAGE) {
      return;
    }
    var frame = frames[data.widget];
    if (!frame || frame.contentWindow !== event.source) {
      return;
    }
    var height = Number(data.height);
    if (!isFinite(height)) {
      return;
    }
    height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
    frame.style.height = height + "px";
    if (typeof data.title === "string" && data.title) {
      frame.title = data.title.slice(0, 200);
    }
  });

  function mountAll() {
    var elements = document.querySelectorAll("[data-socialekonomi-widget]");
    for (var i = 0; i < elements.length; i += 1) {
      mount(elements[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
