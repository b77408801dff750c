/* QEMU TCG plugin that counts executed guest instructions, for bench/qemu/qemuCounts.ts.
 *
 * Debian 12 builds QEMU 7.2 with plugin support but ships neither its example plugins nor
 * qemu-plugin.h, so the few declarations used here are written out from QEMU 7.2's public plugin
 * API (version 1); qemuCounts.ts compiles this file with gcc at run time and checks QEMU's version.
 *
 * Every instruction adds 1 to a counter inline, before it executes. Arguments `mark=0xADDR`
 * (up to 8) name guest virtual addresses: the first time one executes, the plugin prints
 * "mark 0xADDR N" with N the instructions executed before it. At exit it prints "insns N".
 * Output goes to QEMU's log: run with `-d plugin` (and `-D FILE` to keep it off stderr). */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb, enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_MARKS 8
static uint64_t count;
static uint64_t marks[MAX_MARKS];
static int seen[MAX_MARKS];
static int n_marks;

static void at_mark(unsigned int vcpu_index, void *userdata) {
  int i = (int)(uintptr_t)userdata;
  (void)vcpu_index;
  if (seen[i]) return;
  seen[i] = 1;
  char line[64];
  snprintf(line, sizeof line, "mark 0x%08llx %llu\n", (unsigned long long)marks[i], (unsigned long long)count);
  qemu_plugin_outs(line);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t k = 0; k < n; k++) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, k);
    uint64_t pc = qemu_plugin_insn_vaddr(insn);
    for (int i = 0; i < n_marks; i++) {
      if (marks[i] == pc && !seen[i]) qemu_plugin_register_vcpu_insn_exec_cb(insn, at_mark, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)i);
    }
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &count, 1);
  }
}

static void at_exit(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
  char line[48];
  snprintf(line, sizeof line, "insns %llu\n", (unsigned long long)count);
  qemu_plugin_outs(line);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
  (void)info;
  for (int i = 0; i < argc; i++) {
    char *end = NULL;
    if (strncmp(argv[i], "mark=", 5) != 0 || n_marks == MAX_MARKS) return -1;
    marks[n_marks++] = strtoull(argv[i] + 5, &end, 0);
    if (end == argv[i] + 5 || *end != '\0') return -1;
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
  qemu_plugin_register_atexit_cb(id, at_exit, NULL);
  return 0;
}
