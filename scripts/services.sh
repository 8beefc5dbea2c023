#!/usr/bin/env bash
# Make sure PostgreSQL, Redis and RabbitMQ answer on 127.0.0.1; install and start whichever does not.
set -uo pipefail
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$1 is not running on 127.0.0.1:$2 and installing it needs root: sudo apt-get install -y $3" >&2
    exit 1
  fi
}
apt_install() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" && return 0
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
wait_port() {
  for _ in $(seq 1 60); do answers "$1" && return 0; sleep 1; done
  echo "$2 did not start on 127.0.0.1:$1" >&2; exit 1
}

if ! answers 5432; then
  need_root PostgreSQL 5432 postgresql
  apt_install postgresql
  ver=$(ls /etc/postgresql | sort -n | tail -1)
  hba=/etc/postgresql/$ver/main/pg_hba.conf
  # the tests connect as postgres over loopback without a password, as on the dev machines
  grep -q "sohoa-trust" "$hba" || sed -i '1i host all all 127.0.0.1/32 trust # sohoa-trust\nhost all all ::1/128 trust # sohoa-trust\nlocal all all trust # sohoa-trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start || pg_ctlcluster "$ver" main start
  wait_port 5432 PostgreSQL
fi
if ! answers 6379; then
  need_root Redis 6379 redis-server
  apt_install redis-server
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379 Redis
fi
if ! answers 5672; then
  need_root RabbitMQ 5672 rabbitmq-server
  apt_install rabbitmq-server
  rabbitmq-server -detached
  wait_port 5672 RabbitMQ
fi
exit 0
