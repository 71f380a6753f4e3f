// The import's page while the worker checks or imports a large file: every two seconds
// the progress is fetched again and shown in place (keeping focus where it is); once
// the job is done the page is loaded anew. Without JavaScript the page has a link that
// does the same.
(() => {
  const block = document.querySelector("[data-import-progress]");
  if (!block) return;
  const refresh = async () => {
    try {
      const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(String(response.status));
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = page.querySelector("[data-import-progress]");
      if (!next) {
        window.location.reload();
        return;
      }
      block.innerHTML = next.innerHTML;
    } catch (error) {
      // The link on the page still works; try again later.
    }
    window.setTimeout(refresh, 2000);
  };
  window.setTimeout(refresh, 2000);
})();
