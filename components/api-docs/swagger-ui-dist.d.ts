// swagger-ui-dist ships no types; this is the part components/api-docs/api-reference.tsx uses.
declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  type SwaggerUIOptions = {
    url: string;
    domNode: HTMLElement;
    presets?: unknown[];
    layout?: string;
    /** null: no badge from validator.swagger.io (nothing leaves Wharf). */
    validatorUrl?: string | null;
    deepLinking?: boolean;
    tryItOutEnabled?: boolean;
    defaultModelsExpandDepth?: number;
    docExpansion?: 'list' | 'full' | 'none';
  };
  const SwaggerUIBundle: ((options: SwaggerUIOptions) => unknown) & { presets: { apis: unknown } };
  export default SwaggerUIBundle;
}
