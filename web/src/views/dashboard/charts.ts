// ECharts, registered once with only what the dashboard draws (bars and pies on a canvas).
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'

use([CanvasRenderer, BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent])

export const COLORS = ['#1f6feb', '#13a10e', '#e6a23c', '#f56c6c', '#8e44ad', '#00a2ae', '#909399']

/** Four decimals as a percent ("76.2%"), or a dash. */
export function percent(r: number | null | undefined): string {
  return r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`
}
