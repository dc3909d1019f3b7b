// almen preview: follows the server's events and shows the report's pages.
// An image is reloaded only when its page changed (status.page_versions), and only when
// it is near the view (the others when scrolled to). The pages in view are told to the
// server (/focus), which writes and renders those first after a whole re-layout.
"use strict";
const $ = (id) => document.getElementById(id);
const pagesEl = $("pages");
let shown = null;   // the version the page shows

function danishSeconds(s) { return s.toFixed(1).replace(".", ",") + " s"; }

function statusText(s) {
  if (!s.version) return s.error ? "Rapporten kunne ikke bygges" : "Sætter rapporten op …";
  let text = `Udgave ${s.version} · ${s.pages} ${s.pages === 1 ? "side" : "sider"}` +
             ` · bygget kl. ${s.updated} på ${danishSeconds(s.seconds)}`;
  if (s.building) text += " · opdaterer …";
  else if (s.error) text += " · fejl i seneste ændring";
  return text;
}

// Which pages are in view (1-based), for the server.
const inView = new Set();
let focusSent = "";
function sendFocus() {
  const pages = [...inView].sort((a, b) => a - b).join(",");
  if (pages === focusSent) return;
  focusSent = pages;
  fetch(`/focus?pages=${pages}`, { method: "POST" }).catch(() => { focusSent = ""; });
}
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const n = Number(entry.target.dataset.page);
    if (entry.isIntersecting) inView.add(n); else inView.delete(n);
  }
  sendFocus();
});

// An image loads its newest version when it comes near the view; the images in view
// reload at once on a new version, the others only when scrolled to.
function load(figure) {
  const img = figure.querySelector("img");
  if (figure.dataset.src && img.getAttribute("src") !== figure.dataset.src) {
    img.src = figure.dataset.src;
  }
}
const near = new Set();
const loader = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (entry.isIntersecting) { near.add(entry.target); load(entry.target); }
    else near.delete(entry.target);
  }
}, { rootMargin: "50% 0px" });

function showPages(s) {
  while (pagesEl.children.length > s.pages) {
    const gone = pagesEl.lastElementChild;
    observer.unobserve(gone);
    loader.unobserve(gone);
    near.delete(gone);
    inView.delete(Number(gone.dataset.page));
    gone.remove();
  }
  for (let n = pagesEl.children.length + 1; n <= s.pages; n++) {
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.decoding = "async";
    const caption = document.createElement("figcaption");
    caption.textContent = `Side ${n}`;
    figure.className = n % 2 === 0 ? "left" : "right";
    figure.dataset.page = n;
    figure.append(img, caption);
    pagesEl.append(figure);
    observer.observe(figure);
    loader.observe(figure);
  }
  [...pagesEl.children].forEach((figure, i) => {
    const img = figure.querySelector("img");
    const [width, height] = s.page_sizes[i] || [794, 1123];
    if (img.width !== width) img.width = width;
    if (img.height !== height) img.height = height;
    img.alt = `Side ${i + 1} af ${s.pages}`;
    figure.dataset.src = `/pages/${i + 1}.png?v=${s.page_versions[i] || s.version}&run=${s.run}`;
    if (near.has(figure)) load(figure);
  });
  shown = s.version;
}

function apply(s) {
  document.title = `Forhåndsvisning · ${s.title}`;
  $("title").textContent = s.title;
  const status = $("status");
  status.dataset.version = s.version;
  status.dataset.pages = s.pages;
  status.dataset.error = s.error ? "1" : "0";
  status.dataset.building = s.building ? "1" : "0";
  $("status-text").textContent = statusText(s);
  $("error-text").textContent = s.error || "";
  $("error-banner").hidden = !s.error;
  $("empty").hidden = s.version > 0 || Boolean(s.error);
  if (s.version && s.version !== shown) showPages(s);
}

function applyLayout(single) {
  pagesEl.classList.toggle("single", single);
  $("layout-toggle").textContent = single ? "Vis opslag" : "Vis enkeltsider";
  try { localStorage.setItem("almen-preview-single", single ? "1" : "0"); } catch (e) {}
}
$("layout-toggle").addEventListener("click",
  () => applyLayout(!pagesEl.classList.contains("single")));
try { applyLayout(localStorage.getItem("almen-preview-single") === "1"); } catch (e) {}

const events = new EventSource("/events");
events.onmessage = (event) => { $("offline").hidden = true; apply(JSON.parse(event.data)); };
events.onopen = () => { $("offline").hidden = true; focusSent = ""; sendFocus(); };
events.onerror = () => { $("offline").hidden = false; shown = null; };
