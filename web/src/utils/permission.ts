/*
 * Who may open and change what, as the server's resource table says
 * (src/api/resources.c).  The menu and the toolbars ask here; the server
 * decides in the end (a 403 is still shown if the two ever disagree).
 */
export type Role = 'platform_admin' | 'school_admin' | 'staff' | 'enterprise_contact' | 'bureau_viewer'

const COLLEGE: Role[] = ['school_admin', 'staff', 'enterprise_contact', 'bureau_viewer']
const READERS: Role[] = ['school_admin', 'staff', 'bureau_viewer']
const ADMIN: Role[] = ['school_admin']

/** Roles that may read (open the page of) each module. */
export const readRoles: Record<string, Role[]> = {
  home: [...COLLEGE, 'platform_admin'],
  enterprises: COLLEGE,
  carriers: COLLEGE,
  events: READERS,
  departments: ADMIN,
  staff: ADMIN,
  users: ADMIN,
  tenants: ['platform_admin'],
  // Lookups used to show names (department of a carrier) without opening the page.
  departmentNames: READERS
}

/** Roles that may add, edit and delete in each module. */
export const writeRoles: Record<string, Role[]> = {
  enterprises: ADMIN,
  carriers: ['school_admin', 'staff'],
  events: ADMIN,
  departments: ADMIN,
  staff: ADMIN,
  users: ADMIN,
  tenants: ['platform_admin']
}

export function canRead(role: string | undefined, module: string): boolean {
  return !!role && (readRoles[module] || []).includes(role as Role)
}

export function canWrite(role: string | undefined, module: string): boolean {
  return !!role && (writeRoles[module] || []).includes(role as Role)
}
