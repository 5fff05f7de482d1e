// Webhook event types and payload formats (shared by the browser and the server).
export const WEBHOOK_EVENT_TYPES = ['push', 'delete', 'pull', 'member', 'quota'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** `test` is what "Send test" sends; no webhook subscribes to it. */
export type DeliveryEventType = WebhookEventType | 'test';

export const WEBHOOK_FORMATS = ['wharf', 'cloudevents', 'harbor'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
