/** @openmitid/server: start the identity service, or build its parts for tests and the CLI. */
export { createServer, loadTrustStore, type Server, type ServiceOverrides } from './server.js';
export { buildApp, type AppOptions } from './app.js';
export { loadConfig, describeSettings, ConfigError, SETTINGS, type Config, type CountryOption } from './config.js';
export { ApiError, isApiError } from './errors.js';
export type { Services } from './services.js';
export { openDatabase, migrateToLatest, type Database, type Dialect } from './infra/db/index.js';
export { systemClock, type Clock } from './infra/clock.js';
export { seedPerson, createTablePersonRegister, type PersonRegister, type DocumentHolder, type SeedPerson } from './identity/person-register.js';
