// htmx sends the CSRF token with every request made from a page.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});

// The Content-Security-Policy refuses style attributes. A value the server computes (an
// axis colour, a bar's share, a map's width) comes as data-css-property / data-css-value
// and is set here through the CSSOM, which the policy allows.
function applyComputedStyles(root) {
  var elements = root.querySelectorAll ? root.querySelectorAll("[data-css-property]") : [];
  var all = Array.prototype.slice.call(elements);
  if (root.hasAttribute && root.hasAttribute("data-css-property")) { all.push(root); }
  all.forEach(function (element) {
    element.style.setProperty(element.dataset.cssProperty, element.dataset.cssValue || "");
  });
}
document.addEventListener("DOMContentLoaded", function () { applyComputedStyles(document); });
document.addEventListener("htmx:load", function (event) { applyComputedStyles(event.detail.elt); });

// A list's search field (maillage.core.search_select) searches as one types: Enter there
// searches at once instead of sending the form it sits in, half filled.
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.matches && event.target.matches("input[data-search-select]")) {
    event.preventDefault();
    event.target.dispatchEvent(new Event("search", { bubbles: true }));
  }
});
