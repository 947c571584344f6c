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
# On the search path (attached as "kiln:dbutils", so `rm(list = ls())` keeps them), from
# kiln_dbutils.R:
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
  # dbutils, display and displayHTML: kiln_dbutils.R, beside this file, in this environment.

  script <- sub("^--file=", "", grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)[1L])
  sys.source(file.path(dirname(script), "kiln_dbutils.R"), envir = driver, keep.source = FALSE)

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
