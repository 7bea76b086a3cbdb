// /api/v1/tenants (the registry module's route table: CRUD("tenants"); platform_admin only).
import { crud } from './crud'
import type { TenantRecord } from './types'

export const { list: listTenants, get: getTenant, create: createTenant, update: updateTenant, remove: deleteTenant } = crud<TenantRecord>('/tenants')
