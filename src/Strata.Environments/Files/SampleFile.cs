namespace Strata.Environments.Files;

/// <summary>The commented <c>strata.yaml</c> that <c>strata env init</c> writes: one working machine, every other key shown in comments.</summary>
public static class SampleFile
{
    public static string Text(string box) => $$"""
        # strata.yaml: the machines of this environment (strata env up | status | ssh | halt | destroy).
        # Every key is optional except the machines' names; sizes are like 512M or 1G.

        defaults:                    # applied to every machine; a machine's own keys win
          box: {{box}}                  # 'strata env box list' shows the boxes of this host
          cpus: 1
          memory: 256M
          # env:                     # variables every provisioner sees
          #   APP_ENV: development
          # synced_folder:           # copied into the guest with rsync over ssh on 'up' and 'reload'
          #   source: .
          #   destination: /srv/project
          #   exclude: [.git]

        machines:
          - name: default
            # hostname: default      # defaults to the machine's name
            # ports:                 # host ports on 127.0.0.1; without 'host' one is chosen (2200-2999)
            #   - guest: 80
            #     host: 8080
            #     protocol: tcp      # or udp
            #     auto_correct: true # move to a free port when 8080 is taken
            # provision:             # runs on the first 'up', on 'up --provision' and on 'provision'
            #   - shell: echo "hello from $(hostname)"
            #   - shell:
            #       path: scripts/setup.sh
            #       args: [--verbose]
            #       env: { MODE: dev }
            #       run: always      # on every 'up', not only the first
            #   - file:
            #       source: config/app.conf
            #       destination: /etc/app.conf
          # - name: db               # more machines boot in parallel
          #   memory: 512M
        """;
}
