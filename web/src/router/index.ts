/*
 * The routes.  Every page under the layout needs a session; a page with a
 * `module` opens only for a user whose session permits reading it, a
 * `manage` page (the system pages) only for one who may change it
 * (utils/permission.ts).
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import Layout from '@/layout/index.vue'
import { useUserStore } from '@/stores/user'
import { useDictStore } from '@/stores/dict'
import { ElMessage } from 'element-plus'
import { i18n } from '@/locales'

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/login/index.vue'), meta: { public: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('@/views/home/index.vue'), meta: { title: 'nav.home', module: 'home', icon: 'HomeFilled' } },
      // 三个全力: the records behind one figure of the dashboard
      { path: 'dashboard/records', name: 'dashboardRecords', component: () => import('@/views/dashboard/records.vue'), meta: { title: 'dashboard.records', module: 'dashboard', active: 'home' } },
      { path: 'cooperation/enterprises', name: 'enterprises', component: () => import('@/views/cooperation/enterprise/index.vue'), meta: { title: 'nav.enterprises', module: 'enterprises', group: 'cooperation', icon: 'OfficeBuilding' } },
      { path: 'cooperation/enterprises/:id(\\d+)', name: 'enterprise', component: () => import('@/views/cooperation/enterprise/detail.vue'), meta: { title: 'nav.enterpriseDetail', module: 'enterprises', active: 'enterprises' } },
      { path: 'cooperation/carriers', name: 'carriers', component: () => import('@/views/cooperation/carrier/index.vue'), meta: { title: 'nav.carriers', module: 'carriers', group: 'cooperation', icon: 'Connection' } },
      { path: 'cooperation/carriers/:id(\\d+)', name: 'carrier', component: () => import('@/views/cooperation/carrier/detail.vue'), meta: { title: 'nav.carrierDetail', module: 'carriers', active: 'carriers' } },
      { path: 'cooperation/events', name: 'events', component: () => import('@/views/cooperation/event/index.vue'), meta: { title: 'nav.events', module: 'events', group: 'cooperation', icon: 'Calendar' } },
      { path: 'cooperation/events/:id(\\d+)', name: 'event', component: () => import('@/views/cooperation/event/detail.vue'), meta: { title: 'nav.eventDetail', module: 'events', active: 'events' } },
      // 人才培养与社会服务 (the talent module)
      { path: 'talent/studios', name: 'studios', component: () => import('@/views/talent/studio/index.vue'), meta: { title: 'talent.nav.studios', module: 'studios', group: 'talent', icon: 'Trophy' } },
      { path: 'talent/studios/:id(\\d+)', name: 'studio', component: () => import('@/views/talent/studio/detail.vue'), meta: { title: 'talent.nav.studioDetail', module: 'studios', active: 'studios' } },
      { path: 'talent/outputs', name: 'outputs', component: () => import('@/views/talent/output/index.vue'), meta: { title: 'talent.nav.outputs', module: 'outputs', group: 'talent', icon: 'Medal' } },
      { path: 'talent/students', name: 'students', component: () => import('@/views/talent/student/index.vue'), meta: { title: 'talent.nav.students', module: 'students', group: 'talent', icon: 'Reading' } },
      { path: 'talent/placements', name: 'placements', component: () => import('@/views/talent/placement/index.vue'), meta: { title: 'talent.nav.placements', module: 'placements', group: 'talent', icon: 'Briefcase' } },
      { path: 'talent/certificates', name: 'certificates', component: () => import('@/views/talent/certificate/index.vue'), meta: { title: 'talent.nav.certificates', module: 'certificates', group: 'talent', icon: 'Postcard' } },
      { path: 'talent/specialties', name: 'specialties', component: () => import('@/views/talent/specialty/index.vue'), meta: { title: 'talent.nav.specialties', module: 'specialties', group: 'talent', icon: 'Collection' } },
      { path: 'talent/trainings', name: 'trainings', component: () => import('@/views/talent/training/index.vue'), meta: { title: 'talent.nav.trainings', module: 'trainings', group: 'talent', icon: 'Notebook' } },
      // 重点项目建设 (the key-projects module)
      { path: 'projects/key-projects', name: 'keyProjects', component: () => import('@/views/projects/project/index.vue'), meta: { title: 'projects.nav.keyProjects', module: 'keyProjects', group: 'projects', icon: 'Flag' } },
      { path: 'projects/key-projects/:id(\\d+)', name: 'keyProject', component: () => import('@/views/projects/project/detail.vue'), meta: { title: 'projects.nav.keyProjectDetail', module: 'keyProjects', active: 'keyProjects' } },
      { path: 'projects/task-books', name: 'taskBooks', component: () => import('@/views/projects/taskbook/index.vue'), meta: { title: 'projects.nav.taskBooks', module: 'taskBooks', group: 'projects', icon: 'Notebook' } },
      { path: 'projects/task-books/:id(\\d+)', name: 'taskBook', component: () => import('@/views/projects/taskbook/detail.vue'), meta: { title: 'projects.nav.taskBookDetail', module: 'taskBooks', active: 'taskBooks' } },
      { path: 'projects/todo', name: 'todo', component: () => import('@/views/projects/todo/index.vue'), meta: { title: 'projects.nav.todo', module: 'todo', group: 'projects', icon: 'Bell' } },
      { path: 'projects/reviews', name: 'reportReview', component: () => import('@/views/projects/review/index.vue'), meta: { title: 'projects.nav.review', module: 'reportReview', group: 'projects', icon: 'Stamp' } },
      { path: 'projects/commendations', name: 'commendations', component: () => import('@/views/projects/commendation/index.vue'), meta: { title: 'projects.nav.commendations', module: 'commendations', group: 'projects', icon: 'Medal' } },
      { path: 'system/departments', name: 'departments', component: () => import('@/views/system/department/index.vue'), meta: { title: 'nav.departments', module: 'departments', manage: true, group: 'system', icon: 'School' } },
      { path: 'system/staff', name: 'staff', component: () => import('@/views/system/staff/index.vue'), meta: { title: 'nav.staff', module: 'staff', manage: true, group: 'system', icon: 'Avatar' } },
      { path: 'system/users', name: 'users', component: () => import('@/views/system/user/index.vue'), meta: { title: 'nav.users', module: 'users', manage: true, group: 'system', icon: 'User' } },
      { path: 'platform/tenants', name: 'tenants', component: () => import('@/views/platform/tenant/index.vue'), meta: { title: 'nav.tenants', module: 'tenants', group: 'platform', icon: 'School' } },
      { path: '403', name: 'forbidden', component: () => import('@/views/error/403.vue'), meta: { title: 'common.forbidden' } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('@/views/error/404.vue'), meta: { title: 'common.notFound' } }
    ]
  }
]

const router = createRouter({ history: createWebHistory(), routes })

/** Whether a session exists; a failure to ask is shown and counts as no. */
async function loggedIn(): Promise<boolean> {
  try {
    return await useUserStore().restore()
  } catch (e) {
    ElMessage.error({ message: e instanceof Error ? e.message : String(e), grouping: true })
    return false
  }
}

router.beforeEach(async (to) => {
  const user = useUserStore()
  if (to.meta.public) {
    if (to.name === 'login' && (await loggedIn()) && !user.mustChange) return { name: 'home' }
    return true
  }
  if (!(await loggedIn())) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  // The login page asks for the new password first.
  if (user.mustChange) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  await useDictStore().load()
  if (!user.canOpen(to.meta)) return { name: 'forbidden' }
  return true
})

router.afterEach((to) => {
  const t = (i18n.global as any).t
  const title = to.meta.title ? t(to.meta.title as string) : ''
  document.title = title ? `${title} - ${t('app.title')}` : t('app.title')
})

export default router
