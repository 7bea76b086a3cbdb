/*
 * Who may open and change what, as the server says: the session answer
 * carries `permissions`, every route the user's role may call, written as
 * the server's route table writes it ("GET /api/v1/students",
 * "PATCH /api/v1/students/:id").  The menu, the router guards and the
 * toolbars ask here by a key (a collection such as `students`, or one of the
 * special keys below); the server decides in the end (a 403 is still shown
 * if the two ever disagree).  No role is named here.
 */
const API = '/api/v1'

/** Keys whose collection path is not the key itself. */
const PATHS: Record<string, string> = {
  keyProjects: 'key-projects',
  taskBooks: 'task-books',
  progressReports: 'progress-reports'
}

/** Keys that read one particular route rather than a collection. */
const READ_ROUTES: Record<string, string> = {
  // Every logged-in user may ask who they are: the home page.
  home: `GET ${API}/session`,
  // Lookups used to show names (the department of a carrier) without opening the page.
  departmentNames: `GET ${API}/departments`,
  staffNames: `GET ${API}/staff`,
  // The audited full view of personal information.
  studentPii: `GET ${API}/students/:id/pii`,
  // The exact search by ID number (audited, for those who may see numbers in full).
  studentIdSearch: `POST ${API}/students/search`,
  certificatePii: `GET ${API}/certificates/:id/pii`,
  // The review queue is the page of those who may approve a report.
  reportReview: `POST ${API}/progress-reports/:id/approve`,
  // The three-pillar figures: a college's, and a region's for a bureau.
  dashboard: `GET ${API}/dashboard`,
  region: `GET ${API}/regions/:code/dashboard`
}

/** Keys that change through one particular route rather than POST/PATCH of a collection. */
const WRITE_ROUTES: Record<string, string> = {
  reportReview: `POST ${API}/progress-reports/:id/approve`,
  // An enterprise contact confirms its own interns and hires.
  placementConfirm: `POST ${API}/placements/:id/confirm`
}

export type Permissions = ReadonlySet<string>

export function permissionSet(list: readonly string[] | null | undefined): Permissions {
  return new Set(list || [])
}

function collection(key: string): string {
  return `${API}/${PATHS[key] || key}`
}

/** May the user open the page of `key` (GET of its collection, or its special route)? */
export function canRead(perms: Permissions, key: string): boolean {
  return perms.has(READ_ROUTES[key] || `GET ${collection(key)}`)
}

/** May the user add or edit in `key` (POST of its collection or PATCH of a record, or its special route)? */
export function canWrite(perms: Permissions, key: string): boolean {
  if (WRITE_ROUTES[key]) return perms.has(WRITE_ROUTES[key])
  const c = collection(key)
  return perms.has(`POST ${c}`) || perms.has(`PATCH ${c}/:id`)
}

/**
 * May the user open a page whose route meta names `module`: a management page
 * (`manage`, the system pages, whose lists others read only for names) asks
 * for write permission, any other for read permission.
 */
export function canOpen(perms: Permissions, meta: { module?: unknown; manage?: unknown }): boolean {
  if (typeof meta.module !== 'string') return true
  return meta.manage ? canWrite(perms, meta.module) : canRead(perms, meta.module)
}
