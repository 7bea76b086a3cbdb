/*
 * The modules of the domain, listed once, in the order they build on one
 * another: the registry (departments, staff, enterprises, carriers, events),
 * key projects, talent, search, the dashboard.  Each lives in src/modules/<name>/ and defines one
 * struct cj_module called cj_module_<name> (core/module.h); the registries
 * of entities, dictionaries, store hooks, routes, the move's tables, the
 * demo parts and the migrations are all walked from this list
 * (scripts/embed.cmake reads it too, for the migrations and the demo).
 *
 * The exchange module (Excel in and out) comes first although it builds on
 * all the others: it has no tables, and its routes ("/api/v1/:list/import-
 * template", ".../export.xlsx") must be matched before each list's
 * "/api/v1/<list>/:id".
 *
 * Adding a module: a folder under src/modules/ and one X() here.
 */
#ifndef CJ_MODULES_H
#define CJ_MODULES_H

#define CJ_MODULES(X) X(exchange) X(registry) X(projects) X(talent) X(search) X(dashboard)

#endif
