// Permissions come from the session answer: the routes a role may call, as the server lists them.
import { describe, expect, it } from 'vitest'
import { canOpen, canRead, canWrite, permissionSet } from '../../src/utils/permission'

const V = '/api/v1'
const base = [`GET ${V}/session`, `DELETE ${V}/session`, `GET ${V}/dictionaries`, `GET ${V}/dictionaries/:name`]
const read = (...names: string[]) => names.flatMap((n) => [`GET ${V}/${n}`, `GET ${V}/${n}/:id`])
const crud = (...names: string[]) => names.flatMap((n) => [`GET ${V}/${n}`, `POST ${V}/${n}`, `GET ${V}/${n}/:id`, `PATCH ${V}/${n}/:id`, `DELETE ${V}/${n}/:id`])
const talent = ['studios', 'outputs', 'students', 'placements', 'certificates', 'trainings']

// As the demo college's users get them from POST /api/v1/session.
const schoolAdmin = permissionSet([
  ...base, `GET ${V}/audit`, `GET ${V}/staff/:id/pii`, `GET ${V}/enterprises/:id/pii`,
  ...crud('departments', 'staff', 'users', 'enterprises', 'carriers', 'events', 'key-projects', 'task-books', 'tasks', 'indicators', 'progress-reports'),
  `POST ${V}/progress-reports/:id/approve`, `POST ${V}/progress-reports/:id/return`,
  `GET ${V}/attachments`, `POST ${V}/attachments`, ...crud('evaluations', 'commendations'), `GET ${V}/todo`, `GET ${V}/dashboard/projects`,
  `POST ${V}/students/search`, `GET ${V}/students/:id/pii`, `GET ${V}/certificates/:id/pii`, `POST ${V}/placements/:id/confirm`, ...crud(...talent)
])
const staff = permissionSet([
  ...base, ...read('departments', 'staff', 'enterprises'), ...crud('carriers'), ...read('events', 'key-projects', 'task-books'),
  ...crud('tasks', 'indicators', 'progress-reports'), `GET ${V}/attachments`, `POST ${V}/attachments`, ...read('evaluations', 'commendations'),
  `GET ${V}/todo`, `GET ${V}/dashboard/projects`, `POST ${V}/students/search`, ...crud(...talent)
])
const contact = permissionSet([...base, ...read('enterprises', 'carriers'), `POST ${V}/placements/:id/confirm`, ...read('placements', 'trainings')])
const viewer = permissionSet([
  ...base, ...read('departments', 'staff', 'enterprises', 'carriers', 'events', 'key-projects', 'task-books', 'tasks', 'indicators', 'progress-reports', 'attachments', 'evaluations', 'commendations'),
  `GET ${V}/todo`, `GET ${V}/dashboard/projects`, `POST ${V}/students/search`, ...read(...talent)
])
const platform = permissionSet([...base, ...crud('tenants')])

describe('canRead', () => {
  it('asks for GET of the collection', () => {
    expect(canRead(viewer, 'students')).toBe(true)
    expect(canRead(contact, 'students')).toBe(false)
    expect(canRead(contact, 'placements')).toBe(true)
    expect(canRead(contact, 'events')).toBe(false)
    expect(canRead(staff, 'keyProjects')).toBe(true) // key-projects
    expect(canRead(staff, 'progressReports')).toBe(true) // progress-reports
    expect(canRead(platform, 'tenants')).toBe(true)
    expect(canRead(schoolAdmin, 'tenants')).toBe(false)
  })
  it('maps the special keys to their routes', () => {
    for (const p of [schoolAdmin, staff, contact, viewer, platform]) expect(canRead(p, 'home')).toBe(true)
    expect(canRead(schoolAdmin, 'studentPii')).toBe(true)
    expect(canRead(staff, 'studentPii')).toBe(false)
    expect(canRead(viewer, 'certificatePii')).toBe(false)
    expect(canRead(schoolAdmin, 'reportReview')).toBe(true)
    expect(canRead(staff, 'reportReview')).toBe(false)
    expect(canRead(staff, 'departmentNames')).toBe(true)
    expect(canRead(contact, 'departmentNames')).toBe(false)
    expect(canRead(viewer, 'staffNames')).toBe(true)
  })
  it('knows nothing before a session', () => {
    expect(canRead(permissionSet(null), 'home')).toBe(false)
    expect(canRead(permissionSet([]), 'enterprises')).toBe(false)
  })
})

describe('canWrite', () => {
  it('asks for POST of the collection or PATCH of a record', () => {
    expect(canWrite(schoolAdmin, 'enterprises')).toBe(true)
    expect(canWrite(staff, 'enterprises')).toBe(false)
    expect(canWrite(staff, 'carriers')).toBe(true)
    expect(canWrite(staff, 'tasks')).toBe(true)
    expect(canWrite(staff, 'taskBooks')).toBe(false)
    expect(canWrite(staff, 'attachments')).toBe(true)
    expect(canWrite(viewer, 'students')).toBe(false)
    expect(canWrite(permissionSet([`PATCH ${V}/students/:id`]), 'students')).toBe(true)
    expect(canWrite(platform, 'tenants')).toBe(true)
  })
  it('maps report review and placement confirmation to their routes', () => {
    expect(canWrite(schoolAdmin, 'reportReview')).toBe(true)
    expect(canWrite(staff, 'reportReview')).toBe(false)
    expect(canWrite(contact, 'placementConfirm')).toBe(true)
    expect(canWrite(staff, 'placementConfirm')).toBe(false)
    // Confirming is not adding: a contact adds no placements.
    expect(canWrite(contact, 'placements')).toBe(false)
  })
})

describe('canOpen', () => {
  it('opens a management page only for who may change it', () => {
    expect(canOpen(schoolAdmin, { module: 'departments', manage: true })).toBe(true)
    // Staff read the departments for their names, but do not manage them.
    expect(canOpen(staff, { module: 'departments', manage: true })).toBe(false)
    expect(canOpen(staff, { module: 'carriers' })).toBe(true)
    expect(canOpen(contact, { module: 'keyProjects' })).toBe(false)
    expect(canOpen(contact, {})).toBe(true)
  })
})
