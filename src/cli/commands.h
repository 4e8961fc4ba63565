// Subcommands of the `xiufu` command-line tool. Each returns the process exit code.
#ifndef XIUFU_CLI_COMMANDS_H_
#define XIUFU_CLI_COMMANDS_H_

namespace xiufu::cli {

int Lint(int argc, char** argv);      // xiufu lint PACK_DIR
int Gen(int argc, char** argv);       // xiufu gen --out DIR [--entities N] [--seed S] [--dense]
int Run(int argc, char** argv);       // xiufu run [--rules DIR] [--data DIR] [--as-of D] [--json]
int Evaluate(int argc, char** argv);  // xiufu evaluate --rules DIR --entities F --records F ...
int Explain(int argc, char** argv);   // xiufu explain --rules DIR ... --entity USCC [--record ID]
int Plan(int argc, char** argv);      // xiufu plan ... --entity USCC [--as-of D] [--json]
int Compile(int argc, char** argv);   // xiufu compile --rules DIR --out FILE.xtb
int Export(int argc, char** argv);    // xiufu export --format jdm|dmn --rules DIR --out FILE
int Import(int argc, char** argv);    // xiufu import --rules DIR --in FILE --out DIR
int ExportFacts(int argc, char** argv);  // xiufu export-facts --rules DIR --data DIR --out F

}  // namespace xiufu::cli

#endif  // XIUFU_CLI_COMMANDS_H_
