// Starts the packaged Swagger UI on our OpenAPI document (no inline script, no CDN).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null,
                                deepLinking: true });
});
