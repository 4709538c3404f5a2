// @ts-check
// Disk quotas: every student's home is an ext4 file system of its own, in an image file
// (/var/lib/nncourse/homes/<name>.img) loop-mounted on the home. A student who fills it gets "No
// space left on device" in their own home; the machine's disk, /tmp of the others and the hub's
// state are not touched.
//
// Why images and not user quotas (usrquota + setquota): user quotas need the file system holding
// /home mounted with quotas and a kernel with the quota format (QFMT_V2), which this machine's
// kernel lacks; an image works on any Linux where root may mount a loop device. The images are
// sparse: they take on the disk what the student wrote, up to their size; `npm run hub` says when
// the sizes added up exceed the free space. Mounts do not survive a reboot: `npm run hub` mounts
// every image at its start, and the spawner refuses a server whose home image is not mounted.

import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, statfsSync } from "node:fs";
import { dirname, join } from "node:path";

/** Where the images live (root only: 0700). */
export const HOME_IMAGES = "/var/lib/nncourse/homes";
/** Default size of a student's home, MB (the Kubernetes values give a student 2 GiB too). */
export const DEFAULT_DISK_MB = 2048;
const MOUNT_OPTIONS = "loop,nosuid,nodev";

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

/**
 * The image file of a student's home.
 * @param {string} name
 */
export function homeImage(name, dir = HOME_IMAGES) {
  return join(dir, `${name}.img`);
}

/**
 * Whether `path` is a mount point (from /proc/self/mountinfo).
 * @param {string} path
 */
export function isMountPoint(path) {
  /** @param {string} s */
  const unescape = (s) => s.replace(/\\([0-7]{3})/g, (_, /** @type {string} */ o) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync("/proc/self/mountinfo", "utf8").split("\n").some((l) => l && unescape(l.split(" ")[4]) === path);
}

/** Why disk quotas cannot be given here, or undefined when they can (the tools exist). */
export function diskQuotaUnsupported() {
  for (const tool of ["/usr/sbin/mkfs.ext4", "/usr/bin/mount", "/usr/bin/umount", "/usr/sbin/losetup"]) {
    if (!existsSync(tool)) return `${tool} is missing (Debian: apt-get install e2fsprogs mount)`;
  }
  if (!existsSync("/dev/loop-control") && !existsSync("/dev/loop0")) return "no loop devices (/dev/loop-control): inside a container without them?";
  return undefined;
}

/**
 * Mounts a student's image on their home (nothing when it is mounted already).
 * @param {string} name
 * @param {string} home
 */
export function mountHome(name, home, dir = HOME_IMAGES) {
  if (isMountPoint(home)) return false;
  run("mount", ["-o", MOUNT_OPTIONS, homeImage(name, dir), home]);
  return true;
}

/**
 * Puts a student's home on an image of `sizeMb` MB: makes the image (sparse, ext4, owned by the
 * student), copies what the home holds into it (the skeleton files of a new user, or an existing
 * student's files), empties the old home folder and mounts the image there, mode 0700. Refuses
 * while the student has processes, and when the home holds more than fits (nothing is changed).
 * @param {{ name: string, home: string, uid: number, gid: number, sizeMb: number, dir?: string }} o
 */
export function makeHomeImage({ name, home, uid, gid, sizeMb, dir = HOME_IMAGES }) {
  const image = homeImage(name, dir);
  if (existsSync(image)) return { image, made: false };
  if (spawnSync("pgrep", ["-u", String(uid)]).status === 0) throw new Error(`${name} has processes running: stop their server first`);
  mkdirSync(dirname(dir), { recursive: true, mode: 0o755 }); // /var/lib/nncourse also holds the student tree
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const fd = openSync(image, "wx", 0o600);
  try {
    ftruncateSync(fd, sizeMb * 2 ** 20);
  } finally {
    closeSync(fd);
  }
  const mnt = mkdtempSync(join(dir, ".mnt-"));
  let mounted = false;
  try {
    // -m 0: no blocks reserved for root; a 16 MB journal (the default, 64 MB, would take more disk than a
    // new student writes); the root folder belongs to the student.
    run("mkfs.ext4", ["-q", "-F", "-m", "0", "-J", "size=16", "-E", `root_owner=${uid}:${gid}`, image]);
    run("mount", ["-o", MOUNT_OPTIONS, image, mnt]);
    mounted = true;
    rmdirSync(join(mnt, "lost+found")); // would show in the student's file browser; fsck makes it again
    const entries = readdirSync(home).map((e) => join(home, e));
    const r = entries.length ? spawnSync("cp", ["-a", "--", ...entries, mnt], { encoding: "utf8" }) : { status: 0, stderr: "" };
    if (r.status !== 0) {
      throw new Error(`cannot copy ${home} into its ${sizeMb} MB image: ${String(r.stderr).trim().split("\n")[0]} (does it hold more? give a larger --disk)`);
    }
    chownSync(mnt, uid, gid);
    chmodSync(mnt, 0o700);
    run("umount", [mnt]);
    mounted = false;
  } catch (e) {
    if (mounted) spawnSync("umount", [mnt]);
    rmSync(mnt, { recursive: true, force: true });
    rmSync(image, { force: true });
    throw e;
  }
  rmdirSync(mnt);
  for (const e of readdirSync(home)) rmSync(join(home, e), { recursive: true, force: true });
  run("mount", ["-o", MOUNT_OPTIONS, image, home]);
  chmodSync(home, 0o700);
  return { image, made: true };
}

/**
 * Unmounts a student's home image and deletes it (their files with it).
 * @param {string} name
 * @param {string | undefined} home
 */
export function removeHomeImage(name, home, dir = HOME_IMAGES) {
  const image = homeImage(name, dir);
  if (home && isMountPoint(home)) run("umount", [home]);
  const existed = existsSync(image);
  rmSync(image, { force: true });
  return existed;
}

/**
 * Mounts every student's image that is not mounted (at `npm run hub`'s start) and tells what is
 * not covered. `students`: [{ name, home }] of the class's group.
 * @param {{ name: string, home: string }[]} students
 */
export function mountHomes(students, dir = HOME_IMAGES) {
  const mounted = [];
  const without = [];
  const failed = [];
  let sizes = 0;
  for (const s of students) {
    const image = homeImage(s.name, dir);
    if (!existsSync(image)) {
      without.push(s.name);
      continue;
    }
    sizes += statSync(image).size;
    try {
      if (mountHome(s.name, s.home, dir)) mounted.push(s.name);
    } catch (e) {
      failed.push(`${s.name}: ${e instanceof Error ? e.message : e}`);
    }
  }
  let free = Infinity;
  try {
    const st = statfsSync(existsSync(dir) ? dir : "/");
    free = st.bavail * st.bsize;
  } catch { /* no statfs */ }
  return { mounted, without, failed, sizeMb: sizes / 2 ** 20, freeMb: free / 2 ** 20 };
}
