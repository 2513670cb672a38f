// Renders the OpenAPI document with Swagger UI (from our own static files): a script of ours, so
// the page keeps its Content Security Policy without inline script.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("swagger-ui");
  if (!element || typeof SwaggerUIBundle === "undefined") return;
  element.textContent = "";
  SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    domNode: element,
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    supportedSubmitMethods: ["get"],
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
