/*
 * The key-projects module: key projects (重点项目) with their funding, the
 * annual task books and their outlines of tasks and indicators, progress
 * reports with evidence files, evaluations and commendations
 * (product.md §3).  What another module may use of it.
 */
#ifndef CJ_PROJECTS_H
#define CJ_PROJECTS_H

#include "core/entity.h"
#include "modules/projects/messages.h"
#include "modules/projects/rules.h"

extern const struct cj_entity cj_entity_key_project, cj_entity_task_book, cj_entity_task,
    cj_entity_indicator, cj_entity_progress_report, cj_entity_report_review, cj_entity_attachment,
    cj_entity_evaluation, cj_entity_commendation;

#endif
