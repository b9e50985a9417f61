export { callGateway, gatewayOrigin, isHeaderSafe, MAX_RESPONSE_BYTES } from './request';
export type { GatewayCall, GatewayEnvelope } from './request';
export { closeAllDispatchers } from './dispatchers';
export type { ConnectionSettings } from './dispatchers';
export { TransportError, MAYBE_SENT } from './errors';
