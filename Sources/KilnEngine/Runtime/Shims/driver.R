# Kiln's R driver: runs one Databricks R notebook (its cells) in this process for the embedded
# engine, with a `dbutils` shim.
#
# Invocation (by the engine):
#   Rscript --no-init-file driver.R <context-dir>
#   Working directory: the notebook's workspace folder (its files copied out by the engine).
#   Environment: KILN_STORE, the absolute local folder that
#   backs dbfs:/; KILN_R_LIBRARY, a library first on .libPaths(), where install.packages() in a
#   notebook installs (the task's libraries come on R_LIBS, after it); KILN_CRAN_REPO, the CRAN
#   mirror install.packages() uses (else R's own, else cloud.r-project.org when R has none).
#
# Context folder (written by the engine before the run):
#   params               supplied widget values, one `key=value` a line, both percent-encoded UTF-8
#   segments/NNNN.KIND   the program, run in name order. KIND is one of
#                          code     R source, each top-level expression evaluated in globalenv(),
#                                   visible values printed as Rscript prints them
#                          sh       a bash script, run by `bash` in the work directory; the cell
#                                   fails when its last command fails, as on Databricks
#                          notice   text copied to stdout as is
#                          widgets  lines in the params format: supplied values from there on,
#                                   until the matching endrun (a %run's arguments)
#                          endrun   the end of a %run with arguments: the caller's values again
#   segments/NNNN.origin the segment's label (`notebook /Shared/x, cell 3`): its file name in
#                        source references, tracebacks and messages
#   out/                 written here:
#                          exit_value   the value given to dbutils.notebook.exit, as.character
#                          error        on failure: the error as R prints it
#                                       (`Error in f(x) : boom`, `Error: boom`)
#                          error_trace  on failure: the calls as traceback() shows them, innermost
#                                       first, from the program's code, at <origin>#<line> (the
#                                       top-level expression when no call is left on the stack;
#                                       the message itself for a parse error or a failed %sh cell)
#
# Exit status: 0 on success and after dbutils.notebook.exit, 1 on failure (the error and its trace
# also go to stderr). Output is unbuffered and flushed around %sh cells, so it stays in order;
# warnings are printed as they happen (options(warn = 1)), not deferred to the end of the run.
# dbutils.notebook.exit signals a condition that is not an error, so try(), testthat and error
# handlers let it through; should a handler of the program's swallow it anyway, the program ends
# after that top-level expression, with the exit value.
#
# On the search path (attached as "kiln:dbutils", so `rm(list = ls())` keeps them):
# dbutils.widgets.{text,dropdown,combobox,multiselect,get,getArgument,remove,removeAll},
# dbutils.notebook.exit, dbutils.notebook.run (a run of its own, through $KILN_CALLS),
# dbutils.secrets.{get,getBytes,list,listScopes} (from $KILN_SCOPES),
# dbutils.fs.{ls,cp,mv,rm,mkdirs,head,put}, display (prints) and displayHTML (prints the HTML).
# dbutils.fs maps dbfs:/a, /dbfs/a, /a and /Volumes/... onto $KILN_STORE, file:/a onto the local
# /a; paths already under $KILN_STORE are taken as they are. Only base R, utils and tools are used.
#
# The driver lives in its own environment, whose parent is the base environment: the program's
# global definitions can neither shadow nor remove the driver's functions.

local({

  driver <- environment()

  # -------------------------------------------------------------------------------------------
  # install.packages() as on a cluster: a mirror is set, and a library is there to install into.

  local({
    mirror <- Sys.getenv("KILN_CRAN_REPO")
    if (nzchar(mirror)) {
      options(repos = c(CRAN = mirror))
    } else if (identical(unname(getOption("repos")["CRAN"]), "@CRAN@")) {
      options(repos = c(CRAN = "https://cloud.r-project.org"))
    }
    library_dir <- Sys.getenv("KILN_R_LIBRARY")
    if (nzchar(library_dir)) {
      dir.create(library_dir, recursive = TRUE, showWarnings = FALSE)
      .libPaths(c(library_dir, .libPaths()))
    }
  })

  # -------------------------------------------------------------------------------------------
  # Conditions

  # A condition object of the given classes.
  condition <- function(classes, message, call = NULL, ...) {
    structure(class = c(classes, "condition"), list(message = message, call = call, ...))
  }

  # The program's call into the shim, which an error names as base R functions name theirs.
  shim_call <- function() {
    for (call in rev(sys.calls())) {
      head <- call[[1L]]
      if (is.name(head) && startsWith(as.character(head), "dbutils.")) return(call)
    }
    NULL
  }

  # Signals an error of the shim, with the program's call.
  shim_error <- function(message, class) {
    stop(condition(c(class, "kiln_dbutils_error", "error"), message, shim_call()))
  }

  # A failure that ends the program: what out/error and out/error_trace will hold. Not an
  # "error", so that only main() handles it.
  program_failure <- function(error, trace = error) {
    condition("kiln_program_failure", error, error = error, trace = trace)
  }

  # Calls a base generic such as print() as the program's top level would: S3 dispatch from the
  # driver's environment does not see the global one, where the program's own methods are.
  call_from_global <- function(generic, value) {
    call <- substitute(base::generic(value), list(generic = as.name(generic)))
    eval(call, list(value = value), globalenv())
  }

  # An error formatted as R prints it at top level (and as try() does). A missing SparkR or
  # sparklyr gets a hint: the engine's Spark is not for R.
  format_error <- function(message, call) {
    if (grepl("there is no package called .(SparkR|sparklyr).", message)) {
      message <- paste0(message, "\n  Kiln's embedded engine has no Spark for R (its Spark is for Python and SQL): ",
                        "run this notebook on a Databricks workspace target.")
    }
    if (is.null(call)) return(paste0("Error: ", message))
    shown_call <- deparse(call, nlines = 1L)
    prefix <- paste0("Error in ", shown_call, " : ")
    first_line <- strsplit(message, "\n", fixed = TRUE)[[1L]][1L]
    # R moves a message to its own line when the first line would pass 75 columns (errors.c).
    width <- 14L + nchar(shown_call, type = "w") + nchar(first_line, type = "w")
    if (!is.na(width) && width > 75L) prefix <- paste0(prefix, "\n  ")
    paste0(prefix, message)
  }

  # -------------------------------------------------------------------------------------------
  # The context folder

  read_bytes <- function(path) readBin(path, "raw", n = file.info(path)$size)

  as_utf8 <- function(text) {
    Encoding(text) <- "UTF-8"
    text
  }

  # The `key=value` lines of a params or widgets file, decoded, as a named character vector.
  read_params <- function(path) {
    lines <- readLines(path, warn = FALSE)
    lines <- lines[nzchar(lines)]
    separator <- regexpr("=", lines, fixed = TRUE)
    if (any(separator < 0L)) {
      stop(program_failure(sprintf("Malformed line in %s: \"%s\" (expected key=value)",
                                   path, lines[separator < 0L][1L])))
    }
    keys <- as_utf8(utils::URLdecode(substr(lines, 1L, separator - 1L)))
    values <- as_utf8(utils::URLdecode(substring(lines, separator + 1L)))
    names(values) <- keys
    values
  }

  # The program's segments in run order, each with its kind and origin label.
  read_segments <- function(folder) {
    names <- sort(list.files(folder), method = "radix")
    names <- names[tools::file_ext(names) != "origin"]
    lapply(names, function(name) {
      origin_path <- file.path(folder, paste0(tools::file_path_sans_ext(name), ".origin"))
      label <- if (file.exists(origin_path)) readLines(origin_path, n = 1L, warn = FALSE)
      origin <- if (length(label) == 1L && nzchar(label)) as_utf8(label) else name
      list(kind = tools::file_ext(name), path = file.path(folder, name), origin = origin)
    })
  }

  # Writes text as UTF-8 bytes, nothing added.
  write_output <- function(out_dir, name, text) {
    writeBin(charToRaw(enc2utf8(text)), file.path(out_dir, name))
  }

  # -------------------------------------------------------------------------------------------
  # State of the run

  state <- new.env(parent = emptyenv())
  state$supplied <- character()   # supplied widget values: they win over defaults
  state$callers <- list()         # the supplied values of the callers of %run with arguments
  state$defaults <- character()   # the defined widgets' default values
  state$exit_value <- NULL        # set by dbutils.notebook.exit
  state$calls <- 0L               # dbutils.notebook.run calls made, for their ids
  state$store <- NULL             # KILN_STORE, without a trailing slash
  state$work_dir <- NULL          # the working directory the engine gave, where %sh cells run

  # -------------------------------------------------------------------------------------------
  # dbutils.widgets: there is no UI, so a widget is its default value, and a supplied value (job
  # parameters, widgets segments) always wins over it.

  check_string <- function(value, what) {
    if (!is.character(value) || length(value) != 1L || is.na(value)) {
      shim_error(sprintf("%s must be a single string", what), "kiln_invalid_argument")
    }
  }

  define_widget <- function(name, defaultValue) {
    check_string(name, "name")
    default <- as.character(defaultValue)
    check_string(default, "defaultValue")
    state$defaults[[name]] <- default
    invisible(NULL)
  }

  require_choices <- function(name, values, choices, kind) {
    missing <- setdiff(values, as.character(choices))
    if (length(missing) > 0L) {
      shim_error(sprintf("Default value \"%s\" of %s widget \"%s\" is not one of its choices: %s",
                         missing[1L], kind, name, paste(choices, collapse = ", ")),
                 "kiln_invalid_argument")
    }
  }

  widget_not_defined <- function(name) {
    shim_error(sprintf("InputWidgetNotDefined: No input widget named %s is defined", name),
               "kiln_widget_not_defined")
  }

  dbutils.widgets.text <- function(name, defaultValue, label = NULL) {
    define_widget(name, defaultValue)
  }

  dbutils.widgets.dropdown <- function(name, defaultValue, choices, label = NULL) {
    require_choices(name, as.character(defaultValue), choices, "dropdown")
    define_widget(name, defaultValue)
  }

  dbutils.widgets.combobox <- function(name, defaultValue, choices, label = NULL) {
    define_widget(name, defaultValue)
  }

  dbutils.widgets.multiselect <- function(name, defaultValue, choices, label = NULL) {
    require_choices(name, strsplit(as.character(defaultValue), ",", fixed = TRUE)[[1L]],
                    choices, "multiselect")
    define_widget(name, defaultValue)
  }

  dbutils.widgets.get <- function(name) {
    check_string(name, "name")
    if (name %in% names(state$supplied)) return(storage_value(state$supplied[[name]]))
    if (name %in% names(state$defaults)) return(storage_value(state$defaults[[name]]))
    widget_not_defined(name)
  }

  # A widget value that names storage (dbfs:/, /dbfs/, /Volumes/) reads as the store's local
  # path, as the engine maps job parameters: a default or a %run argument reaches the same file.
  storage_value <- function(value) {
    if (!is.null(state$store) && grepl("^(dbfs:/|/dbfs(/|$)|/Volumes/)", value)) to_local(value) else value
  }

  dbutils.widgets.getArgument <- function(name, defaultValue = NULL) {
    tryCatch(dbutils.widgets.get(name), kiln_widget_not_defined = function(e) defaultValue)
  }

  dbutils.widgets.remove <- function(name) {
    check_string(name, "name")
    if (!name %in% names(state$defaults)) widget_not_defined(name)
    state$defaults <- state$defaults[names(state$defaults) != name]
    invisible(NULL)
  }

  dbutils.widgets.removeAll <- function() {
    state$defaults <- character()
    invisible(NULL)
  }

  # -------------------------------------------------------------------------------------------
  # dbutils.notebook

  # Stops the program at once. The value is remembered as well as signalled, so that the program
  # still ends when a handler of the program's own (tryCatch(condition = ...)) swallows the
  # condition. It is not an "error": testthat, try() and error handlers let it through.
  # dbutils.secrets: the engine's secret scopes ($KILN_SCOPES, `scope/key` -> `<ms>:<value>`),
  # read on each call. The engine redacts the values from what the run shows.
  secret_entries <- function() {
    path <- Sys.getenv("KILN_SCOPES")
    if (nzchar(path) && file.exists(path)) read_params(path) else character()
  }

  dbutils.secrets.get <- function(scope, key) {
    check_string(scope, "scope")
    check_string(key, "key")
    entry <- secret_entries()[paste0(scope, "/", key)]
    if (is.na(entry)) {
      shim_error(paste0("Secret does not exist with scope: ", scope, " and key: ", key), "kiln_secret_not_found")
    }
    sub("^[0-9]*:", "", entry)
  }

  dbutils.secrets.getBytes <- function(scope, key) charToRaw(enc2utf8(dbutils.secrets.get(scope, key)))

  dbutils.secrets.listScopes <- function() {
    names <- names(secret_entries())
    data.frame(name = sub("/$", "", names[endsWith(names, "/")]))
  }

  dbutils.secrets.list <- function(scope) {
    check_string(scope, "scope")
    names <- names(secret_entries())
    if (!paste0(scope, "/") %in% names) shim_error(paste0("Scope ", scope, " does not exist!"), "kiln_secret_not_found")
    keys <- substring(names[startsWith(names, paste0(scope, "/"))], nchar(scope) + 2L)
    data.frame(key = keys[nzchar(keys)])
  }

  dbutils.notebook.exit <- function(value) {
    text <- call_from_global("as.character", value)
    if (length(text) != 1L) {
      shim_error(sprintf("dbutils.notebook.exit() takes a single value, not %d", length(text)),
                 "kiln_invalid_argument")
    }
    state$exit_value <- if (is.na(text)) "NA" else text
    stop(condition("kiln_notebook_exit", "dbutils.notebook.exit() was called", sys.call()))
  }

  # Runs a notebook as a run of its own (a WORKFLOW_RUN) and returns its exit value ("" when it
  # gave none); a child that did not succeed is an error here, with the child's error. The call
  # is handed to the engine through $KILN_CALLS, as kiln_notebook_calls.py describes.
  dbutils.notebook.run <- function(path, timeout_seconds = 0, arguments = list()) {
    folder <- Sys.getenv("KILN_CALLS")
    if (!nzchar(folder)) shim_error("the engine gave this program no calls folder (KILN_CALLS)", "kiln_unsupported")
    if (!is.character(path) || length(path) != 1L || !nzchar(path)) {
      shim_error("path must be a single non-empty string", "kiln_invalid_argument")
    }
    timeout <- suppressWarnings(as.integer(timeout_seconds))
    if (length(timeout) != 1L || is.na(timeout) || timeout < 0L) {
      shim_error("timeout_seconds must be 0 (no limit) or a positive number of seconds", "kiln_invalid_argument")
    }
    if (length(arguments) > 0L && (is.null(names(arguments)) || any(!nzchar(names(arguments))))) {
      shim_error("arguments must be a named list of strings", "kiln_invalid_argument")
    }
    values <- c(path = path, timeout_seconds = as.character(timeout))
    for (key in names(arguments)) {
      value <- arguments[[key]]
      # Databricks passes arguments to the child as strings, and fails on anything else.
      if (!is.character(value) || length(value) != 1L) {
        shim_error(sprintf("argument '%s' must be a single string (a widget value): pass as.character(value)", key),
                   "kiln_invalid_argument")
      }
      values[[paste0("arg:", key)]] <- value
    }
    state$calls <- state$calls + 1L
    id <- sprintf("%d-%d", Sys.getpid(), state$calls)
    request <- file.path(folder, paste0(id, ".request"))
    encode <- function(text) utils::URLencode(enc2utf8(text), reserved = TRUE)
    writeLines(paste0(encode(names(values)), "=", vapply(values, encode, "")), paste0(request, ".partial"), useBytes = TRUE)
    file.rename(paste0(request, ".partial"), request)
    response <- file.path(folder, paste0(id, ".response"))
    # The child takes at least a process start: looking every 10 ms growing to 200 ms is no cost.
    delay <- 0.01
    while (!file.exists(response)) {
      Sys.sleep(delay)
      delay <- min(delay * 1.5, 0.2)
    }
    answer <- read_params(response)
    outcome <- if ("state" %in% names(answer)) answer[["state"]] else "FAILED"
    if (identical(outcome, "SUCCESS")) return(if ("result" %in% names(answer)) answer[["result"]] else "")
    error <- if ("error" %in% names(answer)) answer[["error"]] else "no error message"
    run_id <- if ("run_id" %in% names(answer)) answer[["run_id"]] else "?"
    shim_error(sprintf("Notebook %s (run %s) ended %s: %s", path, run_id, outcome, error), "kiln_workflow_exception")
  }

  # -------------------------------------------------------------------------------------------
  # dbutils.fs over the local store. Copies and moves into an existing directory put a file
  # inside it; a directory (which needs recurse = TRUE) becomes the destination, merged.

  store_root <- function() {
    if (is.null(state$store)) {
      shim_error("KILN_STORE is not set, so dbutils.fs has no store to work in", "kiln_fs_error")
    }
    state$store
  }

  # "/a/./b/../c" -> "/a/c"; `..` never climbs above "/".
  normalize_absolute <- function(path) {
    kept <- character()
    for (part in strsplit(path, "/", fixed = TRUE)[[1L]]) {
      if (part == "..") kept <- kept[-length(kept)]
      else if (nzchar(part) && part != ".") kept <- c(kept, part)
    }
    paste0("/", paste(kept, collapse = "/"))
  }

  contains <- function(path, root) path == root | startsWith(path, paste0(root, "/"))

  store_path <- function(dbfs_path) {
    relative <- normalize_absolute(dbfs_path)
    if (relative == "/") store_root() else paste0(store_root(), relative)
  }

  # The local path of a path given to dbutils.fs.
  to_local <- function(path) {
    check_string(path, "path")
    if (startsWith(path, "file:")) return(normalize_absolute(substring(path, 6L)))
    if (startsWith(path, "dbfs:")) return(store_path(substring(path, 6L)))
    if (grepl("^[A-Za-z][A-Za-z0-9+.-]*:", path)) {
      shim_error(paste0(path, ": ", sub(":.*", "", path), ": paths are not supported by Kiln's ",
                        "embedded engine; use dbfs:/, /Volumes/, /dbfs/ or file:/ paths"),
                 "kiln_unsupported")
    }
    if (contains(path, store_root())) return(normalize_absolute(path))
    store_path(sub("^/dbfs(/|$)", "/", path))
  }

  # The URIs Databricks shows for local paths: dbfs:/a/b, or file:/a/b outside the store.
  to_uri <- function(local) {
    root <- store_root()
    inside <- contains(local, root)
    ifelse(inside, paste0("dbfs:/", sub("^/", "", substring(local, nchar(root) + 1L))),
           paste0("file:", local))
  }

  existing <- function(path) {
    local <- to_local(path)
    if (!file.exists(local)) {
      shim_error(sprintf("java.io.FileNotFoundException: File %s does not exist.", to_uri(local)),
                 "kiln_file_not_found")
    }
    local
  }

  list_children <- function(dir) {
    sort(list.files(dir, all.files = TRUE, no.. = TRUE), method = "radix")
  }

  # The local source and destination of a copy or move, checked.
  transfer <- function(from, to, recurse, verb) {
    source <- existing(from)
    dest <- to_local(to)
    if (dir.exists(source)) {
      if (!isTRUE(recurse)) {
        shim_error(sprintf("%s is a directory; pass recurse = TRUE to %s it with its contents",
                           to_uri(source), verb), "kiln_fs_error")
      }
      if (startsWith(paste0(dest, "/"), paste0(source, "/"))) {
        shim_error(sprintf("Cannot %s %s into itself", verb, to_uri(source)), "kiln_fs_error")
      }
    } else if (dir.exists(dest)) {
      dest <- file.path(dest, basename(source))
    }
    list(source = source, dest = dest)
  }

  copy_file <- function(source, dest) {
    dir.create(dirname(dest), recursive = TRUE, showWarnings = FALSE)
    if (!file.copy(source, dest, overwrite = TRUE)) {
      shim_error(sprintf("Could not copy %s to %s", to_uri(source), to_uri(dest)), "kiln_fs_error")
    }
  }

  # Copies the contents of directory `source` into directory `dest`, merging.
  copy_tree <- function(source, dest) {
    dir.create(dest, recursive = TRUE, showWarnings = FALSE)
    children <- file.path(source, list_children(source))
    copied <- file.copy(children, dest, recursive = TRUE, overwrite = TRUE)
    if (!all(copied)) {
      shim_error(sprintf("Could not copy %s to %s", to_uri(children[!copied][1L]), to_uri(dest)),
                 "kiln_fs_error")
    }
  }

  dbutils.fs.ls <- function(path) {
    local <- existing(path)
    entries <- if (dir.exists(local)) file.path(local, list_children(local)) else local
    info <- file.info(entries, extra_cols = FALSE)
    suffix <- ifelse(info$isdir, "/", "")
    size <- info$size
    size[info$isdir] <- 0
    data.frame(path = paste0(to_uri(entries), suffix), name = paste0(basename(entries), suffix),
               size = size, modificationTime = floor(as.numeric(info$mtime) * 1000),
               stringsAsFactors = FALSE)
  }

  dbutils.fs.cp <- function(from, to, recurse = FALSE) {
    paths <- transfer(from, to, recurse, "copy")
    if (dir.exists(paths$source)) copy_tree(paths$source, paths$dest)
    else copy_file(paths$source, paths$dest)
    TRUE
  }

  dbutils.fs.mv <- function(from, to, recurse = FALSE) {
    paths <- transfer(from, to, recurse, "move")
    is_dir <- dir.exists(paths$source)
    dir.create(dirname(paths$dest), recursive = TRUE, showWarnings = FALSE)
    moved <- !(is_dir && dir.exists(paths$dest)) &&
      suppressWarnings(file.rename(paths$source, paths$dest))
    if (!moved) {
      # Merging into an existing directory, or crossing file systems: copy, then delete.
      if (is_dir) copy_tree(paths$source, paths$dest) else copy_file(paths$source, paths$dest)
      unlink(paths$source, recursive = TRUE)
    }
    TRUE
  }

  dbutils.fs.rm <- function(path, recurse = FALSE) {
    local <- to_local(path)
    if (!file.exists(local)) return(FALSE)
    if (local == store_root()) {
      shim_error("dbutils.fs.rm cannot delete the root of the store (dbfs:/)", "kiln_fs_error")
    }
    if (dir.exists(local) && length(list_children(local)) > 0L && !isTRUE(recurse)) {
      shim_error(sprintf("%s is a non-empty directory; pass recurse = TRUE to delete it with %s",
                         to_uri(local), "its contents"), "kiln_fs_error")
    }
    unlink(local, recursive = TRUE) == 0L
  }

  dbutils.fs.mkdirs <- function(path) {
    local <- to_local(path)
    dir.create(local, recursive = TRUE, showWarnings = FALSE)
    if (!dir.exists(local)) {
      shim_error(sprintf("Cannot create directory %s: a file is in the way", to_uri(local)),
                 "kiln_fs_error")
    }
    TRUE
  }

  dbutils.fs.head <- function(path, maxBytes = 65536L) {
    local <- existing(path)
    if (dir.exists(local)) shim_error(sprintf("%s is a directory", to_uri(local)), "kiln_fs_error")
    text <- as_utf8(rawToChar(readBin(local, "raw", n = maxBytes)))
    # A cut through a multi-byte character leaves invalid UTF-8: replace it, as Python does.
    iconv(text, "UTF-8", "UTF-8", sub = "\ufffd")
  }

  dbutils.fs.put <- function(path, contents, overwrite = FALSE) {
    local <- to_local(path)
    if (dir.exists(local)) shim_error(sprintf("%s is a directory", to_uri(local)), "kiln_fs_error")
    if (file.exists(local) && !isTRUE(overwrite)) {
      shim_error(sprintf("File %s already exists; pass overwrite = TRUE to replace it",
                         to_uri(local)), "kiln_file_exists")
    }
    bytes <- charToRaw(enc2utf8(as.character(contents)))
    dir.create(dirname(local), recursive = TRUE, showWarnings = FALSE)
    writeBin(bytes, local)
    cat(sprintf("Wrote %d bytes.\n", length(bytes)))
    TRUE
  }

  # Databricks renders its argument as a table or chart; a log can only print it.
  display <- function(x, ...) {
    call_from_global("print", x)
    invisible(x)
  }

  # Databricks renders the HTML; a log shows it as it is.
  displayHTML <- function(html) {
    cat(html, "\n", sep = "")
    invisible(NULL)
  }

  # Puts the shim on the search path, behind the program's global environment.
  attach_shim <- function() {
    shim <- attach(NULL, name = "kiln:dbutils")
    for (name in c(grep("^dbutils\\.", ls(driver), value = TRUE), "display", "displayHTML")) {
      assign(name, get(name, envir = driver), envir = shim)
    }
  }

  # -------------------------------------------------------------------------------------------
  # Running the segments

  flush_output <- function() {
    flush(stdout())
    flush(stderr())
  }

  # The frame (below the driver's own, `depth` deep) that evaluates the top-level expression in
  # the global environment, or NA while the value is being printed. Conditions signalled at top
  # level name its call, where R names none.
  evaluator_frame <- function(frames, depth) {
    depth + match(TRUE, vapply(frames[-seq_len(depth)], identical, TRUE, globalenv()))
  }

  is_shim_function <- function(fun) identical(environment(fun), driver)

  # The program's calls at an error: those below the evaluating frame, down to the program's call
  # into the shim if any (the shim's frames are the driver's), without the error handling's own
  # frames at the bottom.
  program_calls <- function(calls, frames, functions, depth) {
    top <- evaluator_frame(frames, depth)
    if (is.na(top)) return(list(top = NULL, program = list()))
    bottom <- length(calls) - 1L   # the calling handler itself
    if (bottom > top && identical(calls[[bottom]][[1L]], quote(.handleSimpleError))) {
      bottom <- bottom - 1L
    }
    program <- if (bottom > top) (top + 1L):bottom else integer()
    into_shim <- program[vapply(functions[program], is_shim_function, TRUE)]
    if (length(into_shim) > 0L) program <- program[program <= into_shim[1L]]
    list(top = calls[[top]], program = calls[program])
  }

  # Re-signals a top-level warning without the evaluating frame's call, so that it reads
  # `Warning: ...` as under Rscript.
  drop_evaluator_call <- function(warning, depth) {
    top <- evaluator_frame(sys.frames(), depth)
    if (!is.na(top) && identical(conditionCall(warning), sys.call(top))) {
      warning$call <- NULL
      warning(warning)
      invokeRestart("muffleWarning")
    }
  }

  # The top-level expression as a one-entry trace: where an error that left no call of the
  # program's on the stack happened (`x <- log(-1)`, an undefined object, a failing print).
  top_level_entry <- function(expression) {
    entry <- deparse(expression[[1L]])
    attr(entry, "srcref") <- attr(expression, "srcref")[[1L]]
    list(entry)
  }

  # Calls (outermost first) as traceback() shows them, innermost first, with the whole origin
  # label rather than traceback()'s basename of it.
  format_trace <- function(calls) {
    deparsed <- .traceback(rev(calls))
    n <- length(deparsed)
    lines <- character()
    for (i in seq_len(n)) {
      text <- deparsed[[i]]
      srcref <- attr(text, "srcref")
      if (!is.null(srcref)) {
        text[length(text)] <- paste0(text[length(text)], " at ",
                                     attr(srcref, "srcfile")$filename, "#", srcref[1L])
      }
      label <- paste0(n - i + 1L, ": ")
      indent <- strrep(" ", nchar(label))
      lines <- c(lines, paste0(c(label, rep(indent, length(text) - 1L)), text))
    }
    paste(lines, collapse = "\n")
  }

  # Evaluates one top-level expression as Rscript does, turning an error into a program failure
  # that carries R's message and the program's call stack.
  run_expression <- function(expression) {
    depth <- sys.nframe()
    stack <- NULL
    tryCatch(
      withCallingHandlers(
        {
          result <- withVisible(eval(expression, globalenv()))
          if (result$visible) call_from_global("print", result$value)
        },
        warning = function(w) drop_evaluator_call(w, depth),
        error = function(e) {
          functions <- lapply(seq_len(sys.nframe()), sys.function)
          stack <<- program_calls(sys.calls(), sys.frames(), functions, depth)
        }
      ),
      error = function(e) {
        call <- conditionCall(e)
        # stop() at top level names the evaluating frame; R itself names no call there.
        if (!is.null(stack$top) && identical(call, stack$top)) call <- NULL
        calls <- stack$program
        if (length(calls) == 0L) calls <- top_level_entry(expression)
        stop(program_failure(format_error(conditionMessage(e), call), format_trace(calls)))
      }
    )
  }

  parse_segment <- function(segment) {
    lines <- readLines(segment$path, encoding = "UTF-8", warn = FALSE)
    # parse(file = ...) with keep.source would name the srcfile after the file, not the origin.
    srcfile <- srcfilecopy(segment$origin, lines)
    tryCatch(
      parse(text = lines, keep.source = TRUE, srcfile = srcfile, encoding = "UTF-8"),
      error = function(e) stop(program_failure(format_error(conditionMessage(e), NULL)))
    )
  }

  run_code <- function(segment) {
    expressions <- parse_segment(segment)
    srcrefs <- attr(expressions, "srcref")
    for (i in seq_along(expressions)) {
      # A one-expression vector with its srcref, as source() evaluates: calls made at top level
      # then carry their line.
      expression <- expressions[i]
      attr(expression, "srcref") <- srcrefs[i]
      run_expression(expression)
      if (!is.null(state$exit_value)) return(invisible())
    }
  }

  run_shell <- function(segment) {
    flush_output()
    # The program may have changed the working directory; %sh cells always start in work/.
    old <- setwd(state$work_dir)
    on.exit(setwd(old))
    status <- system2("bash", shQuote(segment$path), stdin = "/dev/null")
    if (status != 0L) {
      message <- sprintf("%%sh cell failed with exit status %d (%s)", status, segment$origin)
      stop(program_failure(message))
    }
  }

  run_notice <- function(segment) {
    cat(rawToChar(read_bytes(segment$path)))
  }

  supply_widgets <- function(values) {
    state$supplied[names(values)] <- values
  }

  # A %run's arguments are the child's widget values until its endrun segment.
  push_widgets <- function(values) {
    state$callers <- c(state$callers, list(state$supplied))
    supply_widgets(values)
  }

  pop_widgets <- function() {
    state$supplied <- state$callers[[length(state$callers)]]
    state$callers <- state$callers[-length(state$callers)]
  }

  run_segment <- function(segment) {
    switch(segment$kind,
           code = run_code(segment),
           sh = run_shell(segment),
           notice = run_notice(segment),
           widgets = push_widgets(read_params(segment$path)),
           endrun = pop_widgets(),
           stop(program_failure(sprintf("Unknown segment kind \"%s\" (%s)", segment$kind,
                                        basename(segment$path)))))
  }

  run_segments <- function(segments) {
    for (segment in segments) {
      run_segment(segment)
      flush_output()
      if (!is.null(state$exit_value)) return(invisible())
    }
  }

  # -------------------------------------------------------------------------------------------
  # Main

  main <- function(context_dir) {
    context_dir <- normalizePath(context_dir, mustWork = TRUE)
    out_dir <- file.path(context_dir, "out")
    state$work_dir <- getwd()
    store <- Sys.getenv("KILN_STORE")
    if (nzchar(store)) state$store <- sub("/+$", "", store)
    # Print warnings as they happen: deferred ones would wait for the end of the whole run.
    options(warn = 1L)
    attach_shim()

    failure <- tryCatch(
      {
        supply_widgets(read_params(file.path(context_dir, "params")))
        run_segments(read_segments(file.path(context_dir, "segments")))
        NULL
      },
      kiln_notebook_exit = function(e) NULL,
      kiln_program_failure = function(failure) failure,
      error = function(e) program_failure(format_error(conditionMessage(e), conditionCall(e)))
    )
    flush_output()

    if (!is.null(state$exit_value)) {
      write_output(out_dir, "exit_value", state$exit_value)
    } else if (!is.null(failure)) {
      write_output(out_dir, "error", failure$error)
      write_output(out_dir, "error_trace", failure$trace)
      cat(failure$error, "\n", if (failure$trace != failure$error) c(failure$trace, "\n"),
          file = stderr(), sep = "")
      quit(save = "no", status = 1L)
    }
  }

  main(commandArgs(trailingOnly = TRUE)[1L])

}, envir = new.env(parent = baseenv()))
